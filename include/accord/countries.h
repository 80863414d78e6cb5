/* countries: the compiled-in country tables (data/countries.tsv, generated
 * from iso-codes, and data/country-aliases.tsv, hand-kept). */
#ifndef ACCORD_COUNTRIES_H
#define ACCORD_COUNTRIES_H

/* alpha2 TAB alpha3 TAB numeric TAB lang TAB kind TAB name, one per line */
extern const char accord_countries_tsv[];
/* alpha2 TAB lang TAB name, one per line */
extern const char accord_country_aliases_tsv[];

#endif

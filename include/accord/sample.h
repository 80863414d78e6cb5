/* sample: the compiled-in sample registry (the CSV files in data/sample), built from
 * the seed articles; `accord init --sample` imports it. */
#ifndef ACCORD_SAMPLE_H
#define ACCORD_SAMPLE_H

extern const char accord_sample_institutions_csv[];
extern const char accord_sample_agreements_csv[];

#endif

# CSV, dates, collation and vocabularies (issue 4 text layer): sources and
# unit tests. Included by the top-level Makefile.am.

libaccord_a_SOURCES += \
	include/accord/csv.h src/text/csv.c \
	include/accord/date.h src/text/date.c \
	include/accord/collate.h src/text/collate.c \
	include/accord/vocab.h src/text/vocab.c

if HAVE_CMOCKA
check_PROGRAMS += tests/unit/test_csv tests/unit/test_date tests/unit/test_collate \
	tests/unit/test_vocab
tests_unit_test_csv_SOURCES = tests/unit/test_csv.c
tests_unit_test_csv_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_csv_LDADD = $(UNIT_LDADD)
tests_unit_test_date_SOURCES = tests/unit/test_date.c
tests_unit_test_date_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_date_LDADD = $(UNIT_LDADD)
tests_unit_test_collate_SOURCES = tests/unit/test_collate.c
tests_unit_test_collate_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_collate_LDADD = $(UNIT_LDADD)
tests_unit_test_vocab_SOURCES = tests/unit/test_vocab.c
tests_unit_test_vocab_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_vocab_LDADD = $(UNIT_LDADD)
endif

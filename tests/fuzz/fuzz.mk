# Hardening (issue 7): fuzz targets, regression tests of their findings,
# hostile input, disk faults and multi-user safety. Included at the end of
# the top-level Makefile.am.
#
#   make fuzz                    run every fuzz target for FUZZ_SECONDS (60)
#   make fuzz FUZZ_SECONDS=3600  a longer campaign (bench/fuzz.sh)

FUZZ_SECONDS = 60
fuzz: all
	ACCORD_BUILD='$(abs_top_builddir)' FUZZ_BUILD='$(abs_top_builddir)/tests/fuzz/build' \
	  $(SHELL) $(srcdir)/bench/fuzz.sh $(FUZZ_SECONDS)
.PHONY: fuzz

# The suite runs each target briefly (FUZZ_CHECK_SECONDS each): the
# regression inputs in tests/fuzz/corpus replay first, then new inputs.
TESTS += tests/fuzz/fuzz-check.sh tests/cli/hostile.py tests/cli/hostile_apply.py \
	tests/cli/faults.sh tests/cli/multiuser.sh

if HAVE_CMOCKA
check_PROGRAMS += tests/fuzz/test_regress
tests_fuzz_test_regress_SOURCES = tests/fuzz/test_regress.c
tests_fuzz_test_regress_CFLAGS = $(UNIT_CFLAGS)
tests_fuzz_test_regress_LDADD = $(UNIT_LDADD)
endif

EXTRA_DIST += tests/fuzz/fuzz.mk tests/fuzz/fuzz-check.sh tests/fuzz/fuzz_common.h \
	tests/fuzz/fuzz_csv.c tests/fuzz/fuzz_detect.c tests/fuzz/fuzz_textconv.c \
	tests/fuzz/fuzz_date.c tests/fuzz/fuzz_country.c tests/fuzz/fuzz_import.c \
	tests/fuzz/fuzz_apply.c tests/fuzz/apply-base.acd tests/fuzz/make-apply-seeds.sh \
	tests/fuzz/corpus bench/fuzz.sh bench/valgrind.sh
CLEANFILES += tests/fuzz/build/bin/fuzz_*

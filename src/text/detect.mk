# Charset detection and conversion (issue 3): adds its sources and tests.

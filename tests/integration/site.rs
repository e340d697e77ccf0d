//! The demo-like valid site, built and read back with an HTML parser.

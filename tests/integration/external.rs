//! Checks that need outside tools (the Nu Html Checker, Chromium): run by `.ci/run`.

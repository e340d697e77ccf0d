//! Bad input: one fixture per rule, each message checked as a snapshot.

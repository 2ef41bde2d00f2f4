"""Demo-data generation (realistic, deterministic, fast) for Abono: people, and what builds on them."""

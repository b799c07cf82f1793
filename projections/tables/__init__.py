"""The view tables: one module per view with its DDL, row shapes and SELECT statements."""

"""File formats: rally and plan files (JSON, XLSX), their schemas and their validation."""

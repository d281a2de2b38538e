"""Django's PostgreSQL backend, with timestamps read by Python's own ISO parser (see base.py)."""

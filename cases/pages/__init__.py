"""What the public pages build besides rendering: the index's form and chips, list
summaries, downloads and charts. Views (cases.views) stay thin and call these."""

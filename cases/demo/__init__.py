"""Synthetic registry data for demonstrations and the benchmark: word lists
(`vocabulary`), one case at a time (`writer`), batches and clean-up (`generator`).
"""

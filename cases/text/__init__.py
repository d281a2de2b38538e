"""Pure text helpers: quotes, names and their search keys, bylines, partial dates,
highlighting and the timeline's scale. Nothing here imports Django.
"""

"""The value of a list signal on the 1-10 rating scale when the user has not rated the title.

Plain constants, no Django: the loaders (recommender/data.py), serving and the SYNTHETIC
generator (recommender/synthetic.py) share them.
"""

FAVORITE_VALUE = 9.0
WATCHLIST_VALUE = 7.0

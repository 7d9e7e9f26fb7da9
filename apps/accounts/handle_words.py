"""Words for generated public handles ("teal-lotus-4821"): neutral, short, ASCII, none of them
reserved (apps/accounts/handles.py) and none taken from the person's e-mail address."""

ADJECTIVES: tuple[str, ...] = (
    "amber", "ancient", "bold", "brave", "bright", "calm", "clever", "cosmic", "crimson", "curious",
    "daring", "dawn", "deep", "eager", "electric", "emerald", "fearless", "gentle", "golden",
    "grand", "happy", "hidden", "indigo", "jolly", "keen", "kind", "lively", "lucky", "lunar",
    "mellow", "merry", "misty", "monsoon", "noble", "olive", "quick", "quiet", "radiant", "rapid",
    "royal", "ruby", "saffron", "scarlet", "silent", "silver", "solar", "steady", "swift", "teal",
    "tidal", "urban", "velvet", "vivid", "wandering", "warm", "wild", "wise", "witty", "young",
    "zesty",
)  # fmt: skip

NOUNS: tuple[str, ...] = (
    "banyan", "cheetah", "comet", "cobra", "crane", "cyclone", "delta", "dolphin", "eagle", "falcon",
    "fern", "firefly", "galaxy", "gecko", "harbor", "hawk", "heron", "horizon", "island", "jasmine",
    "kestrel", "kite", "lantern", "leopard", "lotus", "mango", "meadow", "meteor", "mongoose",
    "monsoon", "neem", "nebula", "orbit", "otter", "owl", "panther", "parrot", "peacock", "pebble",
    "pepper", "planet", "python", "quill", "raven", "reel", "river", "rocket", "sparrow", "spindle",
    "tamarind", "tiger", "trail", "valley", "voyager", "willow", "yak", "zebra", "marquee",
    "lens", "script",
)  # fmt: skip

"""Put a run at more cases beside an earlier one: scale.md and scale.json, as `run.py --compare-with`.

python -m tests.bench.scale tests/bench/results/latest.json var/bench/results/1m/latest.json
"""

import argparse
import json
from pathlib import Path

from tests.bench.run import RESULTS, write_scale


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("base", type=Path, help="the smaller run's latest.json")
    parser.add_argument("scaled", type=Path, help="the larger run's latest.json")
    parser.add_argument("--out", type=Path, default=RESULTS)
    options = parser.parse_args()
    base, scaled = (json.loads(path.read_text()) for path in (options.base, options.scaled))
    write_scale(base, scaled, options.out)


if __name__ == "__main__":
    main()

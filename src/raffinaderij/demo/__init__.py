"""Synthetic Dutch police data with ground truth: several source systems describing one world.

from raffinaderij.demo import generate
report = generate(Path("demo"), persons=10_000, seed=1)
"""

from raffinaderij.demo.generate import GenerateReport, generate
from raffinaderij.demo.noise import SOURCE_SCALE, NoiseRates

__all__ = ["SOURCE_SCALE", "GenerateReport", "NoiseRates", "generate"]

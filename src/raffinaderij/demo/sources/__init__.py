"""The source systems: each describes the same world with its own columns, formats and noise."""

from raffinaderij.demo.sources.bvh import BvhSource
from raffinaderij.demo.sources.pv import PvSource
from raffinaderij.demo.sources.thema import ThemaSource
from raffinaderij.demo.sources.voertuigen import VoertuigenSource
from raffinaderij.demo.sources.zaken import ZakenSource

__all__ = ["BvhSource", "PvSource", "ThemaSource", "VoertuigenSource", "ZakenSource"]

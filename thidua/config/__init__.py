"""The cluster's configuration: models (model.py), loading (load.py), checks and Vietnamese problems."""

from thidua.config.load import default_wording, load_config, parse_config
from thidua.config.model import (
    Cluster,
    Config,
    Indicator,
    Mail,
    Movement,
    Narrative,
    Portal,
    Report,
    Reporting,
    Rule,
    Signer,
    Unit,
    WindowText,
)
from thidua.config.problems import ConfigError

__all__ = [
    "Cluster",
    "Config",
    "ConfigError",
    "Indicator",
    "Mail",
    "Movement",
    "Narrative",
    "Portal",
    "Report",
    "Reporting",
    "Rule",
    "Signer",
    "Unit",
    "WindowText",
    "default_wording",
    "load_config",
    "parse_config",
]

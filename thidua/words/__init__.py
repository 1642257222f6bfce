"""The one layer that says computed facts in Vietnamese: each kind of fact has one function here, driven by
the wording data (assets/wording.yaml, overridable key by key in config.yaml's report.wording), used by
every workbook, document and finding that states it. Nothing here computes a figure."""

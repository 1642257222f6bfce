"""placeholder"""
def write_report(totals, checked, cfg, target):
    pass

"""The province as a whole: every cluster's progress and proposals, as the board reads them (facts only;
the portal, the workbook and the council's list state them)."""

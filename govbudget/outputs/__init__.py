"""What govbudget makes from a checked dataset: the report site (``report_site``, a papermill
run), the static site (``static_site``) and the Voilà dashboard (``dashboard``)."""

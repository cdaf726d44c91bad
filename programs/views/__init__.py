"""Pages of the programs app, one module per subdomain (``programs/urls.py`` names them). Thin:
scope with ``access``, read with ``selectors``, change with ``services``; a service's
ValidationError becomes a Korean message and nothing is saved."""

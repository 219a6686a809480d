"""routers stage."""

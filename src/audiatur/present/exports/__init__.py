"""exports stage."""

"""Knowledge base: loading and validating knowledge/, citations, and the calculations answers rely on."""

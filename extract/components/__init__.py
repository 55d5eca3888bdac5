"""extract/components."""

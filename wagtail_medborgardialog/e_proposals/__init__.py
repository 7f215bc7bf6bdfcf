"""E-förslag: citizens' proposals, signatures, screening and the answer owed."""

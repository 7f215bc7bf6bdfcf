"""Political decisions on record: the gates that ask for them and the decision forms."""

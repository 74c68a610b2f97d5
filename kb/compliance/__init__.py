"""Merchant compliance: the claim checker (rules in knowledge/merchant/claims.yml), its rewrite, claim questions
and licences by product class. Pure Python, no Rasa."""

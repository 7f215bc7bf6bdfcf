"""Participatory budgeting (medborgarbudget): outcome rules, open data and the round's views.

``equal_shares`` and ``greedy`` are pure Python (no Django): they take project costs and
approval ballots and return an outcome with an explanation per project. ``pabulib`` reads and
writes the research community's ``.pb`` format.
"""

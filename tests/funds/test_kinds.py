"""The pure engine and the database speak one vocabulary (``funds.kinds``)."""

import ast
from pathlib import Path

from funds import engine, kinds
from funds.models import PrepaymentMode, TransactionKind


def test_model_choices_are_the_engines_kinds():
    assert tuple(TransactionKind.values) == kinds.TRANSACTION_KINDS
    assert tuple(PrepaymentMode.values) == kinds.PREPAYMENT_MODES
    assert set(kinds.POSTABLE_KINDS) < set(TransactionKind.values)


def test_the_engine_spells_no_kind_itself():
    """Every kind or mode the engine compares with comes from funds.kinds, not a literal."""
    tree = ast.parse(Path(engine.__file__).read_text())
    literals = {
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
    }
    assert not literals & {*kinds.TRANSACTION_KINDS, *kinds.PREPAYMENT_MODES}

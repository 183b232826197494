"""Plain text: hard-wrapped lines of one sentence are joined, everything else keeps its line."""

from __future__ import annotations

import pytest

from glaneur.transforms.parse import unwrap_lines


@pytest.mark.parametrize(("text", "unwrapped"), [
    ("Appuyer l'équipe dans la démarche\nqualité/changement ;", "Appuyer l'équipe dans la démarche qualité/changement ;"),
    ("Suivi des indica-\nteurs du projet", "Suivi des indicateurs du projet"),
    ("Fin de phrase.\nnouvelle ligne", "Fin de phrase.\nnouvelle ligne"),
    ("Missions :\n- coordonner\n- suivre", "Missions :\n- coordonner\n- suivre"),
    ("Profil\na) master\nb) cinq ans", "Profil\na) master\nb) cinq ans"),
    ("\nminuscule en tête", "\nminuscule en tête"),
    ("Titre\n\nsuite après un blanc", "Titre\n\nsuite après un blanc"),
    ("Lieu\nBamako", "Lieu\nBamako"),
    ("une ligne coupée\nen deux\net en trois", "une ligne coupée en deux et en trois"),
    ("Prise de poste\nébut 2026", "Prise de poste ébut 2026"),
])
def test_wrapped_sentences_are_joined(text, unwrapped):
    assert unwrap_lines(text) == unwrapped

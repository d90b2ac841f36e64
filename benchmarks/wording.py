"""What the benchmark corpora share: the invented outlets, and two French helpers."""
from __future__ import annotations

OUTLETS = [
    "Agence Presse Continentale", "Le Courrier du Sahel", "Dépêches de l'Est", "La Voix des Deux Rives",
    "L'Écho diplomatique", "Le Journal des Capitales", "Agence Nord-Sud", "Le Veilleur international",
    "La Gazette de l'Atlas", "Le Messager des Grands Lacs", "Horizons Méditerranée", "Le Quotidien du Golfe",
    "Agence Baltique Info", "La Tribune des Andes", "Le Petit Observateur", "Le Nouvel Indépendant",
    "L'Express du Levant", "Le Phare de l'Océan", "La Lettre du Caucase", "Le Soir de Kinshasa",
]


def cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def de(phrase: str) -> str:
    """ "de" contracted before a noun phrase: "du Kremlin", "des États-Unis", "de l'OTAN"."""
    for article, contracted in (("le ", "du "), ("les ", "des ")):
        if phrase.startswith(article):
            return contracted + phrase[len(article):]
    return "d'" + phrase if phrase[:1] in "aeiouéAEIOUÉ" else "de " + phrase

"""Demo repertoire of structures: social centres, shelters, police, justice, NGOs, schools, training and health
centres of the cocoa belt and Abidjan, with their services, places and authorisations. Run again, it changes
nothing; fictitious structures carry "(démo)" in their name, contacts are invented."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sosteci.core.text import name_key
from sosteci.directory.models import ServiceType as S
from sosteci.directory.models import Structure
from sosteci.directory.models import StructureKind as K
from sosteci.directory.services import StructureData, structure_create, structure_update
from sosteci.territory.models import AdminUnit, Level
from sosteci.web.demo.names import IvorianNames

ACTOR = "manage.py demo"
HOME_SCHOOLS = 3  # primary schools in the first villages of the home sous-préfecture (always covered)


@dataclass(frozen=True)
class DemoStructure:
    name: str
    acronym: str
    kind: str
    pcode: str
    services: tuple[str, ...] = ()
    coverage: tuple[str, ...] = ()
    capacity: int | None = None
    places_free: int | None = None
    authorisation: str = ""
    authorised: tuple[date | None, date | None] = (None, None)
    address: str = ""
    description: str = ""


_SOCIAL = (S.PSYCHOSOCIAL, S.BIRTH_CERTIFICATE, S.FAMILY_TRACING, S.SCHOOL_KIT, S.HOUSEHOLD_INCOME)
_SHELTER = (S.SHELTER, S.PSYCHOSOCIAL, S.MEDICAL, S.FAMILY_TRACING, S.REPATRIATION)

STRUCTURES = [
    # The structures that demo users belong to (created by foundation._structures), given their details here.
    DemoStructure(
        "Direction de la lutte contre le travail des enfants",
        "DLTE",
        K.MINISTRY_SERVICE,
        "CI",
        (S.SCHOOL_REINTEGRATION, S.VOCATIONAL_TRAINING, S.HOUSEHOLD_INCOME),
        address="Plateau, Abidjan",
        description="Ministère de l'Emploi et de la Protection sociale : coordination de SOSTECI.",
    ),
    DemoStructure(
        "Centre social de Soubré",
        "CS Soubré",
        K.SOCIAL_CENTRE,
        "CI2604",
        _SOCIAL,
        coverage=("CI2604", "CI2603"),
        authorisation="MFFE/DPE/CS/2016-031",
        authorised=(date(2016, 3, 1), None),
        address="Quartier administratif, Soubré",
    ),
    DemoStructure(
        "Centre de transit pour enfants de Soubré (démo)",
        "CTE Soubré",
        K.SHELTER,
        "CI2604",
        _SHELTER,
        coverage=("CI26",),
        capacity=40,
        places_free=12,
        authorisation="MFFE/DPE/AGR/2019-014",
        authorised=(date(2019, 6, 1), date(2027, 5, 31)),
        address="Route de Méagui, Soubré",
        description="Accueil temporaire des enfants retirés du travail ou victimes de traite, jusqu'à 3 mois.",
    ),
    DemoStructure(
        "Coopérative agricole des planteurs de la Nawa (démo)",
        "CAPN",
        K.COOPERATIVE,
        "CI26",
        (S.SCHOOL_KIT, S.HOUSEHOLD_INCOME),
        authorisation="RSCOOP/CI-SOU/2015-B-0112",
    ),
    DemoStructure(
        "ONG Enfance et Avenir (démo)",
        "EnfAv",
        K.NGO,
        "CI26",
        (S.PSYCHOSOCIAL, S.SCHOOL_REINTEGRATION, S.SCHOOL_KIT, S.APPRENTICESHIP),
        coverage=("CI26", "CI29"),
        authorisation="Récépissé 2017/045/PR-SOU",
        authorised=(date(2017, 9, 12), date(2025, 9, 11)),
        description="Agrément échu : renouvellement en cours.",
    ),
    # Social centres.
    DemoStructure(
        "Centre social de Daloa", "CS Daloa", K.SOCIAL_CENTRE, "CI1801", _SOCIAL, authorisation="MFFE/DPE/CS/2012-008"
    ),
    DemoStructure(
        "Centre social de San-Pédro",
        "CS San-Pédro",
        K.SOCIAL_CENTRE,
        "CI2901",
        _SOCIAL,
        authorisation="MFFE/DPE/CS/2013-017",
    ),
    DemoStructure(
        "Centre social de Bouaké", "CS Bouaké", K.SOCIAL_CENTRE, "CI1103", _SOCIAL, authorisation="MFFE/DPE/CS/2011-002"
    ),
    DemoStructure(
        "Centre social de Méagui", "CS Méagui", K.SOCIAL_CENTRE, "CI2603", _SOCIAL, authorisation="MFFE/DPE/CS/2018-044"
    ),
    DemoStructure(
        "Centre social de Gagnoa", "CS Gagnoa", K.SOCIAL_CENTRE, "CI1301", _SOCIAL, authorisation="MFFE/DPE/CS/2010-005"
    ),
    # Shelters and transit centres.
    DemoStructure(
        "Centre d'accueil et de transit de Daloa (démo)",
        "CAT Daloa",
        K.SHELTER,
        "CI1801",
        _SHELTER,
        coverage=("CI18", "CI23"),
        capacity=30,
        places_free=0,
        authorisation="MFFE/DPE/AGR/2020-022",
        authorised=(date(2020, 1, 15), date(2028, 1, 14)),
        description="Complet : orienter vers Soubré ou Bouaké.",
    ),
    DemoStructure(
        "Centre d'accueil pour enfants victimes de traite de San-Pédro (démo)",
        "CAEVT San-Pédro",
        K.SHELTER,
        "CI2901",
        (*_SHELTER, S.LEGAL_AID),
        coverage=("CI29", "CI12"),
        capacity=50,
        places_free=8,
        authorisation="MFFE/DPE/AGR/2018-009",
        authorised=(date(2018, 11, 1), date(2026, 12, 31)),
    ),
    DemoStructure(
        "Centre d'accueil et de transit de Bouaké (démo)",
        "CAT Bouaké",
        K.SHELTER,
        "CI1103",
        _SHELTER,
        coverage=("CI11", "CI17"),
        capacity=25,
        places_free=5,
        authorisation="MFFE/DPE/AGR/2021-003",
        authorised=(date(2021, 4, 1), date(2029, 3, 31)),
    ),
    DemoStructure(
        "Centre d'accueil d'urgence pour enfants d'Abidjan (démo)",
        "CAU Abidjan",
        K.SHELTER,
        "CI0101",
        (*_SHELTER, S.LEGAL_AID),
        coverage=("CI-AB", "CI-LG"),
        capacity=60,
        places_free=21,
        authorisation="MFFE/DPE/AGR/2016-001",
        authorised=(date(2016, 2, 1), None),
    ),
    # Police and justice.
    DemoStructure(
        "Sous-direction de la lutte contre la traite des enfants et la délinquance juvénile",
        "SDLTEDJ",
        K.POLICE,
        "CI0101",
        (S.FAMILY_TRACING, S.REPATRIATION, S.LEGAL_AID),
        coverage=("CI",),
        address="Direction de la police criminelle, Plateau, Abidjan",
    ),
    DemoStructure(
        "Brigade des mineurs de Soubré (démo)",
        "BM Soubré",
        K.POLICE,
        "CI2604",
        (S.FAMILY_TRACING, S.LEGAL_AID),
        coverage=("CI26",),
    ),
    DemoStructure(
        "Brigade des mineurs de San-Pédro (démo)",
        "BM San-Pédro",
        K.POLICE,
        "CI2901",
        (S.FAMILY_TRACING, S.LEGAL_AID),
        coverage=("CI29",),
    ),
    DemoStructure(
        "Tribunal de première instance de Daloa : juge des enfants",
        "TPI Daloa",
        K.JUSTICE,
        "CI1801",
        (S.LEGAL_AID,),
        coverage=("CI18", "CI26"),
    ),
    DemoStructure(
        "Tribunal de première instance de San-Pédro : juge des enfants",
        "TPI San-Pédro",
        K.JUSTICE,
        "CI2901",
        (S.LEGAL_AID,),
        coverage=("CI29",),
    ),
    # NGOs, platforms, international organisations.
    DemoStructure(
        "Clinique juridique pour les femmes et les enfants de Daloa (démo)",
        "CJFE Daloa",
        K.NGO,
        "CI1801",
        (S.LEGAL_AID, S.BIRTH_CERTIFICATE, S.PSYCHOSOCIAL),
        coverage=("CI18",),
        authorisation="Récépissé 2014/112/PR-DAL",
        authorised=(date(2014, 5, 20), None),
    ),
    DemoStructure(
        "ONG Sauvons l'enfance du Bas-Sassandra (démo)",
        "SEBAS",
        K.NGO,
        "CI2901",
        (S.PSYCHOSOCIAL, S.SCHOOL_REINTEGRATION, S.FAMILY_TRACING),
        coverage=("CI-BS",),
        authorisation="Récépissé 2019/078/PR-SP",
        authorised=(date(2019, 2, 4), date(2027, 2, 3)),
    ),
    DemoStructure(
        "Plateforme de lutte contre les violences basées sur le genre de Soubré",
        "VBG Soubré",
        K.GBV_PLATFORM,
        "CI2604",
        (S.PSYCHOSOCIAL, S.MEDICAL, S.LEGAL_AID),
    ),
    DemoStructure(
        "Organisation internationale pour les migrations : bureau de San-Pédro (démo)",
        "OIM San-Pédro",
        K.INTERNATIONAL,
        "CI2901",
        (S.REPATRIATION, S.FAMILY_TRACING, S.HOUSEHOLD_INCOME),
        coverage=("CI-BS", "CI-MG"),
    ),
    # Training, schools, health.
    DemoStructure(
        "Centre de formation professionnelle de Soubré (démo)",
        "CFP Soubré",
        K.VOCATIONAL_CENTRE,
        "CI2604",
        (S.VOCATIONAL_TRAINING, S.APPRENTICESHIP),
        coverage=("CI26",),
        capacity=120,
        places_free=15,
        authorisation="METFP/AGR/2012-0231",
    ),
    DemoStructure(
        "Centre de formation professionnelle de Daloa (démo)",
        "CFP Daloa",
        K.VOCATIONAL_CENTRE,
        "CI1801",
        (S.VOCATIONAL_TRAINING, S.APPRENTICESHIP),
        capacity=150,
        places_free=0,
        authorisation="METFP/AGR/2010-0117",
    ),
    DemoStructure(
        "Inspection de l'enseignement préscolaire et primaire de Soubré",
        "IEPP Soubré",
        K.MINISTRY_SERVICE,
        "CI2604",
        (S.SCHOOL_REINTEGRATION, S.SCHOOL_KIT),
    ),
    DemoStructure("Hôpital général de Soubré", "HG Soubré", K.HEALTH_CENTRE, "CI2604", (S.MEDICAL, S.PSYCHOSOCIAL)),
    DemoStructure(
        "Centre hospitalier régional de Daloa", "CHR Daloa", K.HEALTH_CENTRE, "CI1801", (S.MEDICAL, S.PSYCHOSOCIAL)
    ),
    DemoStructure("Centre de santé urbain de Méagui (démo)", "CSU Méagui", K.HEALTH_CENTRE, "CI2603", (S.MEDICAL,)),
    # Value chain and income.
    DemoStructure(
        "Société coopérative des producteurs de cacao de Méagui (démo)",
        "SCPCM",
        K.COOPERATIVE,
        "CI2603",
        (S.SCHOOL_KIT, S.HOUSEHOLD_INCOME),
        authorisation="RSCOOP/CI-MEA/2016-B-0045",
    ),
    DemoStructure(
        "Mutuelle d'épargne des femmes de Gagnoa (démo)",
        "MEFG",
        K.NGO,
        "CI1301",
        (S.HOUSEHOLD_INCOME,),
        coverage=("CI13",),
    ),
    DemoStructure(
        "Comptoir d'exportation de cacao de la Nawa (démo)",
        "CECN",
        K.COMPANY,
        "CI2604",
        coverage=("CI26",),
        address="Zone industrielle, Soubré",
        description="Exportateur de cacao : achète aux coopératives de la Nawa et déclare son approvisionnement "
        "(diligence raisonnable).",
    ),
]


def _offset(index: int) -> tuple[Decimal, Decimal]:
    """A few hundred metres around the seat, so markers of one town do not hide each other."""
    return Decimal((index % 5) - 2) * Decimal("0.004"), Decimal((index % 3) - 1) * Decimal("0.004")


def _schools(units: dict[str, AdminUnit], home_sp: str) -> list[tuple[DemoStructure, AdminUnit]]:
    """Primary schools in the first villages of the home sous-préfecture, the demo agents' villages."""
    sp = units.get(home_sp) or AdminUnit.objects.filter(pcode=home_sp).first()
    if sp is None:
        return []
    villages = list(AdminUnit.objects.filter(parent=sp, level=Level.LOCALITE).order_by("pcode")[:HOME_SCHOOLS])
    return [
        (
            DemoStructure(
                f"École primaire publique de {village.name}",
                f"EPP {village.name}"[:40],
                K.SCHOOL,
                village.pcode,
                (S.SCHOOL_REINTEGRATION, S.SCHOOL_KIT, S.BIRTH_CERTIFICATE),
                description="Classes passerelles pour les enfants retirés du travail.",
            ),
            village,
        )
        for village in villages
    ]


def _data(
    spec: DemoStructure, unit: AdminUnit, units: dict[str, AdminUnit], index: int, contact: str, phone: str
) -> StructureData:
    lat = lon = None
    if unit.lat is not None and unit.lon is not None and unit.level != Level.PAYS:
        d_lat, d_lon = _offset(index)
        lat, lon = Decimal(unit.lat) + d_lat, Decimal(unit.lon) + d_lon
    return StructureData(
        name=spec.name,
        acronym=spec.acronym,
        kind=spec.kind,
        admin_unit=unit,
        services=list(spec.services),
        coverage=[units[p] for p in spec.coverage if p in units],
        address=spec.address or (unit.chef_lieu or unit.name),
        lat=lat,
        lon=lon,
        capacity=spec.capacity,
        places_free=spec.places_free,
        contact_name=contact,
        phone=phone,
        email=f"{name_key(spec.acronym).lower() or 'contact'}@demo.sosteci.ci",
        authorisation_number=spec.authorisation,
        authorised_from=spec.authorised[0],
        authorised_until=spec.authorised[1],
        description=spec.description,
    )


@dataclass
class DemoDirectoryResult:
    created: int = 0
    updated: int = 0
    total: int = 0


def build(*, seed: int, home_sp: str) -> DemoDirectoryResult:
    """Create or refresh the demo structures; a second run with the same seed writes nothing."""
    names = IvorianNames(seed + 11)
    pcodes = {s.pcode for s in STRUCTURES} | {p for s in STRUCTURES for p in s.coverage} | {home_sp}
    units = {u.pcode: u for u in AdminUnit.objects.filter(pcode__in=pcodes)}
    planned = [(spec, units[spec.pcode]) for spec in STRUCTURES if spec.pcode in units]
    planned += _schools(units, home_sp)
    result = DemoDirectoryResult(total=len(planned))
    for index, (spec, unit) in enumerate(planned):
        person = names.person()
        data = _data(spec, unit, units, index, f"{person.first_name} {person.last_name}", names.phone())
        existing = Structure.objects.filter(name=spec.name, admin_unit=unit).prefetch_related("coverage").first()
        if existing is None:
            structure_create(by=None, data=data, actor_label=ACTOR)
            result.created += 1
        else:
            data.is_active = existing.is_active
            before = existing.updated_at
            structure_update(by=None, structure=existing, data=data, actor_label=ACTOR)
            result.updated += int(existing.updated_at != before)
    return result

"""Resolve: map extracted targets to catalog indicators, canonical units, departments and jurisdictions."""

from greentrack.resolve.catalog import get_indicator, load_catalog, search_catalog
from greentrack.resolve.departments import resolve_department, search_departments
from greentrack.resolve.jurisdictions import (
    get_jurisdiction,
    jurisdiction_of,
    resolve_jurisdiction,
    search_jurisdictions,
)
from greentrack.resolve.models import (
    Candidate,
    Department,
    DepartmentMatch,
    Indicator,
    Jurisdiction,
    Quantity,
    Resolution,
    ResolvedTarget,
    ReviewItem,
    UnitMismatch,
)
from greentrack.resolve.resolver import (
    Resolver,
    confirm_alias,
    load_aliases,
    resolve_as,
    resolve_indicator,
    resolve_target,
    unresolved,
)
from greentrack.resolve.units import convert

__all__ = [
    "Candidate", "Department", "DepartmentMatch", "Indicator", "Jurisdiction", "Quantity", "Resolution",
    "ResolvedTarget", "Resolver", "ReviewItem", "UnitMismatch", "confirm_alias", "convert", "get_indicator",
    "get_jurisdiction", "jurisdiction_of", "load_aliases", "load_catalog", "resolve_as", "resolve_department",
    "resolve_indicator", "resolve_jurisdiction", "resolve_target", "search_catalog", "search_departments",
    "search_jurisdictions", "unresolved",
]

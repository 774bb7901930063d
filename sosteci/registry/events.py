"""What the register tells other modules, inside the transaction of the change."""

from django.dispatch import Signal

# A visit was recorded and classified (kwargs: visit). Case management opens or follows cases from it.
visit_recorded = Signal()

from .base import Editable

__all__ = ["Editable"]

from tests.accounts.conftest import sends

__all__ = ["sends"]

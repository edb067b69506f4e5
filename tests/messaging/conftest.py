from tests.accounts.conftest import mife, sends

__all__ = ["mife", "sends"]

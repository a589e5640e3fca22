# Sourced by scripts/run and scripts/test: a virtual environment with the locked dependencies.
# Re-installs only when requirements.lock changed since the last install.
PYTHON=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  echo "==> creating the virtual environment (.venv)"
  "$PYTHON" -m venv .venv
fi
lock_sum=$(sha256sum requirements.lock | cut -d' ' -f1)
if [ ! -f .venv/.lock-installed ] || [ "$(cat .venv/.lock-installed)" != "$lock_sum" ]; then
  echo "==> installing dependencies from requirements.lock"
  .venv/bin/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
  echo "$lock_sum" > .venv/.lock-installed
fi

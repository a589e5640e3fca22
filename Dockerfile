# The production image: gunicorn serves the app (static files via WhiteNoise); the same image
# runs the Celery worker and beat (see docker-compose.yml).
FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /app
COPY requirements.lock .
RUN pip install --no-cache-dir -r requirements.lock
COPY . .
RUN DEBUG=false SECRET_KEY=collectstatic-only python manage.py collectstatic --noinput -v 0
RUN useradd --system --home /app syncplan && mkdir -p /data/media && chown -R syncplan /data
USER syncplan
EXPOSE 8000
CMD ["gunicorn", "syncplan.wsgi", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]

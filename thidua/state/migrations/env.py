"""Alembic's environment for thidua: always run from thidua.state.database with an open connection."""

from alembic import context

from thidua.state.schema import metadata

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()

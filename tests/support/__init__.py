"""What several test modules share: factories, fake back offices, keys and files, fixture
helpers. Test modules import from here, never from one another."""

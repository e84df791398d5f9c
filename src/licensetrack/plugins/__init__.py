"""Plugins: the hook specifications, discovery through entry points, the frozen registry, and the
built-in plugin that registers the bundled rules and the core vocabulary the same way a third party does."""

"""kanwu's built-in rules, published through the ``kanwu.rules`` entry-point group."""

"""The HTTP layer: views, forms and templates, one module per feature, over the domain apps."""

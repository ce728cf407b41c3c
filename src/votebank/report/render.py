def render_html(d): pass
def write_report(d, p): pass

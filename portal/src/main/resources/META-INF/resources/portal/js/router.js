// Hash routes (#/studies/1.2.3?tab=x): the page is always /portal/, so a reload or a shared link
// lands on the same screen without any server-side route.

/** {path: '/studies/1.2', query: URLSearchParams} of the current hash. */
export function current() {
  const hash = window.location.hash.replace(/^#/, '') || '/';
  const [path, query = ''] = hash.split('?');
  return { path: path || '/', query: new URLSearchParams(query) };
}

/** Compiles '/studies/:study' into a matcher returning the decoded params, or null. */
export function compile(pattern) {
  const names = [];
  const regex = new RegExp(`^${pattern.replace(/:(\w+)/g, (whole, name) => {
    names.push(name);
    return '([^/]+)';
  })}/?$`);
  return (path) => {
    const match = regex.exec(path);
    if (!match) {
      return null;
    }
    try {
      return Object.fromEntries(names.map((name, i) => [name, decodeURIComponent(match[i + 1])]));
    } catch {
      return null; // a malformed escape: no such page
    }
  };
}

/** The hash of {@code path} with {@code query} ({name: value | [values]}; empty values left out). */
export function href(path, query = {}) {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    for (const one of Array.isArray(value) ? value : [value]) {
      if (one !== undefined && one !== null && one !== '') {
        params.append(name, one);
      }
    }
  }
  const search = params.toString();
  return `#${path}${search ? `?${search}` : ''}`;
}

export function navigate(path, query) {
  window.location.hash = href(path, query);
}

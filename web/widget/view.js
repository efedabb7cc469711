// The widget's data: GET api/v1/widget.json, computed by the native core on the portal's
// server (shared/include/candor/widget_view.hpp; shape in README-shape.md). Anything else is
// refused, so a bad response keeps the last good view on screen.

export const WIDGET_SCHEMA = 'candor.widget/1';

export function checkWidgetView(data) {
  if (data?.schema !== WIDGET_SCHEMA || !data.overall || !Array.isArray(data.components) ||
      !Array.isArray(data.incidents) || !Array.isArray(data.maintenances)) {
    throw new Error(`not a ${WIDGET_SCHEMA} document`);
  }
  return data;
}

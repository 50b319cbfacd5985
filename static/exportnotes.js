// What an export's note says of its card data and its fields, the same for the v2 and the v4 exports.
import { t } from "./i18n.js";

/** The sentences for masked card data and fields to fix first (none when there are neither). */
export function cardsAndErrors(data) {
  const bits = [];
  if (data.masked.length) {
    bits.push(t("Card data masked (%(names)s): the snippet reads it from %(variables)s; set them to a test card, "
      + "or tick \"with card data\" to include the typed one.",
    { names: data.masked.join(", "), variables: Object.values(data.variables).join(", ") }));
  }
  const errors = Object.keys(data.errors);
  if (errors.length) bits.push(t("Fields that need attention first: %(names)s.", { names: errors.join(", ") }));
  return bits;
}

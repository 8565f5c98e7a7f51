import { StopBookingLinkButton } from "@/components/my-practice/stop-booking-link-button";
import { ActionsCell, cardRow, CardTable, Cell } from "@/components/ui/card-table";
import { bookingLinkLabel, type OpenBookingLink } from "@/lib/booking-links";
import { formatDateTime } from "@/lib/format";

const COLUMNS = ["Appointment type", "Books at", "Made by", "Made", "Expires", "Used"];

/** My Practice, beside who accessed a patient's record: the patient's links that can still book or show what they booked, each with Stop. */
export function BookingLinkTable({ links, caption, practiceGroupId }: { links: OpenBookingLink[]; caption: string; practiceGroupId: string }) {
  return (
    <CardTable caption={caption} columns={COLUMNS} actions>
      {links.map((link) => {
        const label = bookingLinkLabel(link);
        return (
          <tr key={link.id} className={cardRow} data-testid="booking-link-row">
            <Cell label="Appointment type" className="font-medium [overflow-wrap:anywhere]">
              {link.appointmentType}
            </Cell>
            <Cell label="Books at">{link.practiceGroupId === practiceGroupId ? "This practice" : link.practiceName}</Cell>
            <Cell label="Made by" className="[overflow-wrap:anywhere]">
              {link.madeBy}
            </Cell>
            <Cell label="Made">{formatDateTime(link.createdAt)}</Cell>
            <Cell label="Expires">
              {link.booked ? `Used: shows its booking until ${formatDateTime(link.booked.shownUntil)}` : formatDateTime(link.expiresAt)}
            </Cell>
            <Cell label="Used">
              {link.booked ? `Booked the appointment on ${formatDateTime(link.booked.startsAt)}${link.booked.cancelled ? ", since cancelled" : ""}` : "Not yet"}
            </Cell>
            <ActionsCell label={`Actions for the ${label}`}>
              <StopBookingLinkButton linkId={link.id} label={label} used={link.booked !== null} />
            </ActionsCell>
          </tr>
        );
      })}
    </CardTable>
  );
}

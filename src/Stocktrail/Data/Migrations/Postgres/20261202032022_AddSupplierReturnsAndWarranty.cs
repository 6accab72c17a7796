using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Stocktrail.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class AddSupplierReturnsAndWarranty : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<decimal>(
                name: "ReturnedQuantity",
                table: "PurchaseOrderLines",
                type: "numeric(28,8)",
                precision: 28,
                scale: 8,
                nullable: false,
                defaultValue: 0m);

            migrationBuilder.AddColumn<int>(
                name: "WarrantyMonths",
                table: "Products",
                type: "integer",
                nullable: true);

            migrationBuilder.AddCheckConstraint(
                name: "CK_PurchaseOrderLines_Returned",
                table: "PurchaseOrderLines",
                sql: "CAST(\"ReturnedQuantity\" AS NUMERIC) >= 0 AND CAST(\"ReturnedQuantity\" AS NUMERIC) <= CAST(\"ReceivedQuantity\" AS NUMERIC)");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropCheckConstraint(
                name: "CK_PurchaseOrderLines_Returned",
                table: "PurchaseOrderLines");

            migrationBuilder.DropColumn(
                name: "ReturnedQuantity",
                table: "PurchaseOrderLines");

            migrationBuilder.DropColumn(
                name: "WarrantyMonths",
                table: "Products");
        }
    }
}
